"""Report pages, one module per subject: lists, the NGO's form, a report's page, exports."""
