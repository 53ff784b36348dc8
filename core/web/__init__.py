"""Flask glue shared by both apps: the app skeleton, server-side sessions, access rules,
security headers and languages. Views live in kiosk/ and admin/, not here."""
