#!/usr/bin/env bash
# Adds an EF Core migration to the top-level migrations/ folder: scripts/add-migration.sh <Name>
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project src/RehabApi --context RehabDbContext --output-dir ../../migrations --namespace RehabApi.Migrations
# dotnet ef looks for the model snapshot only inside the project folder, so it writes a fresh one
# there; keep the single snapshot beside the migrations instead.
if [[ -f src/RehabApi/RehabApi/Migrations/RehabDbContextModelSnapshot.cs ]]; then
  mv -f src/RehabApi/RehabApi/Migrations/RehabDbContextModelSnapshot.cs migrations/RehabDbContextModelSnapshot.cs
  rm -rf src/RehabApi/RehabApi
fi
