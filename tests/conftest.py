import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# the CLI caches results; tests keep that cache out of the working tree
os.environ.setdefault("RTMIGRATE_CACHE_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), f"rtmigrate-test-cache-{os.getpid()}"))

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
