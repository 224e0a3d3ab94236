"""The application: QApplication set-up, the main window and the wiring between views."""
