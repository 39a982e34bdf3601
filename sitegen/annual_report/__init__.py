"""Annual reports (政府信息公开工作年度报告) in the national 2021 format."""
from .reports import DATA_KEY, AnnualReport, load_annual_reports, report_items

__all__ = ["DATA_KEY", "AnnualReport", "load_annual_reports", "report_items"]
