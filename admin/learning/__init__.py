"""Staff pages of learning: classes, certificates and learning statistics.
May import core.web and core.services; never kiosk."""
