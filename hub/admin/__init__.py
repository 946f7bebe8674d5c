"""piccolo-admin configuration and its write hooks (filled by the admin issue)."""
