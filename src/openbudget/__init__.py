"""openbudget: Chinese department budget disclosures as open data and a static site."""

__version__ = "0.1.0"
