"""CDI workbench: crime data integrity dip-sampling audits."""

__version__ = "0.1.0"
