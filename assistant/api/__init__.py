"""The FastAPI answer API, versioned under /v1."""
