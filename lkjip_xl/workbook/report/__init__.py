"""The LKjIP report: chapter III (or the IP-ASN section) built from a workbook's shown cells."""
