import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# the CLI caches results; tests keep that cache out of the working tree
os.environ.setdefault("RTMIGRATE_CACHE_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), f"rtmigrate-test-cache-{os.getpid()}"))

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


from rtmigrate.core.tables.node_sdk import NPM_VERSION  # noqa: E402

# The npm packages the tests that run Node use (the TypeScript oracle, the
# JavaScript programs run against the GA server): exact versions, so a new
# release cannot change what they say.
PACKAGES = (
    f"openai@{NPM_VERSION}", "typescript@5.9.3", "@types/node@22.20.5", "@types/react@19.3.0", "ws@8.23.0", "@types/ws@8.18.2",
)


@pytest.fixture(scope="session")
def npm_dir(request) -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Node and npm are needed in CI")
        pytest.skip("Node and npm are not installed: the tests that run Node cannot run here")
    folder = Path(os.environ.get("RTMIGRATE_NPM_DIR") or request.config.cache.mkdir("rtmigrate-npm"))
    marker = folder / "installed.json"
    if not marker.exists() or json.loads(marker.read_text()) != list(PACKAGES):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(folder), *PACKAGES], check=True, timeout=600)
        marker.write_text(json.dumps(list(PACKAGES)))
    return folder


