"""Derive the compact reference data the package ships from the public source files (bookingsite/geo/data/SOURCES.md).

Usage: python scripts/build_reference_data.py [SOURCE_DIR]
Writes bookingsite/geo/data/{communes.tsv.gz,regions.tsv,departments.tsv}.
"""
from __future__ import annotations

import csv
import gzip
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bookingsite.geo.refdata import name_keys

OUT = ROOT / "bookingsite" / "geo" / "data"
# IANA zones of the overseas regions (zone.tab); every other region is Europe/Paris.
TIMEZONES = {"01": "America/Guadeloupe", "02": "America/Martinique", "03": "America/Cayenne",
             "04": "Indian/Reunion", "06": "Indian/Mayotte"}


def _coord(value: str) -> str:
    return f"{float(value):.5f}" if value else ""


def read_communes(source: Path):
    """Current communes and arrondissements, their postcodes, and the parent of each delegated commune."""
    communes, postcodes, parent = {}, defaultdict(set), {}
    with open(source / "communes_2024.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            insee, kind = row["insee_com"], row["commune_type"]
            if kind == "COMD":
                parent[insee] = row["insee_parente"]
                continue
            if row["code_postal"]:
                postcodes[insee].add(row["code_postal"].zfill(5))
            communes[insee] = [insee, row["commune"], row["commune_article"], row["insee_dep"], row["insee_reg"],
                               _coord(row["lat"]), _coord(row["lng"]), row["pop_15_64_active_2021"] or "0", kind]
    return communes, postcodes, parent


def add_laposte(source: Path, communes, postcodes, parent) -> None:
    """Every (commune, postcode) pair of La Poste's base; merged communes count for their parent."""
    with open(source / "laposte_hexasmal_2020.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            insee = row["Code_commune_INSEE"]
            insee = parent.get(insee, insee)
            if insee not in communes:
                continue
            postcodes[insee].add(row["Code_postal"].zfill(5))
            commune = communes[insee]
            if not commune[5] and row["coordonnees_gps"]:  # a few new communes lack INSEE coordinates
                lat, lon = row["coordonnees_gps"].split(",")
                commune[5], commune[6] = _coord(lat), _coord(lon)


def main(source: Path) -> None:
    """Write the three derived files."""
    communes, postcodes, parent = read_communes(source)
    add_laposte(source, communes, postcodes, parent)
    # Paris, Lyon and Marseille: the arrondissements carry the postcodes, the city keeps the sum.
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT / "communes.tsv.gz", "wt", encoding="utf-8", compresslevel=9, newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["insee", "name", "name_article", "department", "region", "lat", "lon",
                      "active_population", "kind", "postcodes", "search_keys"])
        for insee in sorted(communes):
            if not communes[insee][5]:
                print(f"skipped {insee} {communes[insee][1]}: no coordinates in either source")
                continue
            row = communes[insee]
            keys = "|".join(sorted(name_keys(row[1], row[2])))
            out.writerow(row + [" ".join(sorted(postcodes[insee])), keys])
    with open(source / "regions.csv", encoding="utf-8", newline="") as fh, \
            open(OUT / "regions.tsv", "w", encoding="utf-8", newline="") as out_fh:
        out = csv.writer(out_fh, delimiter="\t", lineterminator="\n")
        out.writerow(["code", "name", "timezone", "lat", "lon"])
        for row in csv.DictReader(fh):
            code = row["insee_reg"]
            out.writerow([code, row["region"], TIMEZONES.get(code, "Europe/Paris"), row["lat"], row["lng"]])
    with open(source / "departements.csv", encoding="utf-8", newline="") as fh, \
            open(OUT / "departments.tsv", "w", encoding="utf-8", newline="") as out_fh:
        out = csv.writer(out_fh, delimiter="\t", lineterminator="\n")
        out.writerow(["code", "name", "region"])
        for row in csv.DictReader(fh):
            out.writerow([row["insee_dep"], row["departement"], row["insee_reg"]])
    print(f"{len(communes)} communes, {sum(len(v) for v in postcodes.values())} commune-postcode pairs -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
