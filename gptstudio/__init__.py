"""GPT Studio: train a small GPT on your own text, watch it learn, play with what it writes."""

__version__ = "0.1.0"
