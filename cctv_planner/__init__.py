"""cctv_planner: plan, track and justify a council's public-space CCTV estate."""

__version__ = "0.1.0"
