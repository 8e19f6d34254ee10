"""Independent reference maths for the CRS tests, written from the Ordnance
Survey's "A guide to coordinate systems in Great Britain" (Annexes B and C):
WGS84/ETRS89 -> OSGB36 by the published 7-parameter Helmert transformation,
then the National Grid's Transverse Mercator projection on the Airy ellipsoid.
Plain floats and math, no pyproj: agreement with pyproj is meaningful."""

from __future__ import annotations

import math

GRS80 = (6378137.000, 6356752.3141)
AIRY_1830 = (6377563.396, 6356256.909)
# ETRS89 -> OSGB36 (OS guide, Table 6): metres, ppm, arc-seconds.
TX, TY, TZ, S_PPM = -446.448, 125.157, -542.060, 20.4894
RX, RY, RZ = -0.1502, -0.2470, -0.8421
# National Grid projection constants.
F0, PHI0, LAM0, E0, N0 = 0.9996012717, math.radians(49.0), math.radians(-2.0), 400000.0, -100000.0


def _to_ecef(lat, lon, ellipsoid, height=0.0):
    a, b = ellipsoid
    e2 = (a * a - b * b) / (a * a)
    phi, lam = math.radians(lat), math.radians(lon)
    nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    return ((nu + height) * math.cos(phi) * math.cos(lam), (nu + height) * math.cos(phi) * math.sin(lam),
            ((1 - e2) * nu + height) * math.sin(phi))


def _from_ecef(x, y, z, ellipsoid):
    a, b = ellipsoid
    e2 = (a * a - b * b) / (a * a)
    p = math.hypot(x, y)
    phi = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
        phi = math.atan2(z + e2 * nu * math.sin(phi), p)
    return math.degrees(phi), math.degrees(math.atan2(y, x))


def wgs84_to_osgb36(lat, lon):
    x, y, z = _to_ecef(lat, lon, GRS80)
    s = S_PPM * 1e-6
    rx, ry, rz = (math.radians(r / 3600) for r in (RX, RY, RZ))
    x2 = TX + (1 + s) * x - rz * y + ry * z
    y2 = TY + rz * x + (1 + s) * y - rx * z
    z2 = TZ - ry * x + rx * y + (1 + s) * z
    return _from_ecef(x2, y2, z2, AIRY_1830)


def osgb36_to_grid(lat, lon):
    """OSGB36 latitude/longitude (degrees) -> National Grid easting, northing (metres)."""
    a, b = AIRY_1830
    e2 = (a * a - b * b) / (a * a)
    n = (a - b) / (a + b)
    phi, lam = math.radians(lat), math.radians(lon)
    sin, cos, tan = math.sin(phi), math.cos(phi), math.tan(phi)
    nu = a * F0 / math.sqrt(1 - e2 * sin ** 2)
    rho = a * F0 * (1 - e2) / (1 - e2 * sin ** 2) ** 1.5
    eta2 = nu / rho - 1
    dphi, sphi = phi - PHI0, phi + PHI0
    m = b * F0 * ((1 + n + 1.25 * n ** 2 + 1.25 * n ** 3) * dphi
                  - (3 * n + 3 * n ** 2 + 21 / 8 * n ** 3) * math.sin(dphi) * math.cos(sphi)
                  + (15 / 8 * n ** 2 + 15 / 8 * n ** 3) * math.sin(2 * dphi) * math.cos(2 * sphi)
                  - 35 / 24 * n ** 3 * math.sin(3 * dphi) * math.cos(3 * sphi))
    i = m + N0
    ii = nu / 2 * sin * cos
    iii = nu / 24 * sin * cos ** 3 * (5 - tan ** 2 + 9 * eta2)
    iiia = nu / 720 * sin * cos ** 5 * (61 - 58 * tan ** 2 + tan ** 4)
    iv = nu * cos
    v = nu / 6 * cos ** 3 * (nu / rho - tan ** 2)
    vi = nu / 120 * cos ** 5 * (5 - 18 * tan ** 2 + tan ** 4 + 14 * eta2 - 58 * tan ** 2 * eta2)
    dl = lam - LAM0
    northing = i + ii * dl ** 2 + iii * dl ** 4 + iiia * dl ** 6
    easting = E0 + iv * dl + v * dl ** 3 + vi * dl ** 5
    return easting, northing


def wgs84_to_grid(lon, lat):
    return osgb36_to_grid(*wgs84_to_osgb36(lat, lon))
