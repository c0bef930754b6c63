"""End-to-end tests: `python -m pipeline extract` run as a subprocess on good, bad and odd inputs."""
