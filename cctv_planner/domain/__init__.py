"""Pure domain code: stdlib, numpy, scipy, shapely and pyproj only; no Flask, no database."""
