"""Register API: wards, sites, cameras, deployments, summary and files."""
