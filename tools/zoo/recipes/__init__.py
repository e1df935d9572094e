"""PyTorch recipes that build the default vprog model zoo (students and teachers)."""
