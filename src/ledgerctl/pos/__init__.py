"""The `pos` group: Point-of-sale back office: tenants, branches, sales with Ghana taxes, stock, payroll."""
