"""The package as installed without the Makefile: a wheel carries its compiled catalogues and speaks French, and
serves its own stylesheet, scripts and widget loader."""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Rendered by the wheel's own code, outside the checkout: French only if the wheel carries the catalogues.
RENDER_HOME = """
import sys
sys.path.insert(0, sys.argv[1])
import bookingsite
assert bookingsite.__file__.startswith(sys.argv[1]), bookingsite.__file__
app = bookingsite.create_app({"ENV": "testing", "DATABASE_URL": "sqlite://"})
client = app.test_client()
for path in ("/static/css/site.css", "/static/js/locator.js", "/widget.js"):
    assert client.get(path).status_code == 200, path
print(client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True))
"""


def test_the_wheel_ships_every_compiled_catalogue_and_its_static_files(tmp_path):
    # From a clean copy: a checkout's build/ folder or compiled .mo files would hide a missing build step.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".*", "build", "dist", "instance", "*.egg-info", "__pycache__", "*.mo", "node_modules"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("bookingsite-*.whl"))
    shipped = set(zipfile.ZipFile(wheel).namelist())
    for po in ROOT.glob("translations/*/*/LC_MESSAGES/messages.po"):
        assert f"bookingsite/{po.relative_to(ROOT).with_suffix('.mo')}" in shipped
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    page = subprocess.run([sys.executable, "-c", RENDER_HOME, str(tmp_path / "site")], cwd=tmp_path,
                          check=True, capture_output=True, text=True, timeout=120).stdout
    assert '<html lang="fr">' in page and "Aller au contenu principal" in page
