"""The touchscreen client: a Qt-free order session under a thin Qt shell, plus headless tools."""
