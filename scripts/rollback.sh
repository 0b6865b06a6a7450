#!/usr/bin/env bash
# Starts the Rollback workflow, which redeploys an earlier CitySense package to one stage
# (Flex Consumption has no deployment slots to swap back). Lists the candidates, or picks the
# prod release before the current one, so a rollback is one command.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/rollback.sh --stage STAGE (--run-id ID | --release-tag TAG | --previous) [--repo OWNER/REPO] [--yes]
       scripts/rollback.sh --list [--repo OWNER/REPO]

Starts .github/workflows/rollback.yml for STAGE (dev, staging or prod) with one package source:
  --run-id ID        the citysense-api artifact of an earlier Deploy run (kept 90 days)
  --release-tag TAG  the package attached to a prod release, e.g. prod-20250101-42
  --previous         the prod release before the newest one (the last known-good prod package)

Other options:
  --list             show recent prod releases and successful Deploy runs, then exit
  --repo OWNER/REPO  repository (default: the one gh sees in the current directory)
  --yes              do not ask for confirmation
  -h, --help         show this help

Needs gh, signed in with permission to run workflows. Rolling back prod still waits for the prod
environment's required reviewers.
EOF
}

fail() {
  echo "error: $*" >&2
  exit 1
}

usage_error() {
  echo "error: $*" >&2
  echo "Run with --help for usage." >&2
  exit 2
}

stage=""
run_id=""
release_tag=""
previous="false"
list="false"
repo=""
assume_yes="false"

while (($# > 0)); do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --stage | --run-id | --release-tag | --repo)
      if (($# < 2)) || [[ -z "$2" ]]; then
        usage_error "$1 needs a value."
      fi
      case "$1" in
        --stage) stage="$2" ;;
        --run-id) run_id="$2" ;;
        --release-tag) release_tag="$2" ;;
        --repo) repo="$2" ;;
      esac
      shift 2
      ;;
    --previous)
      previous="true"
      shift
      ;;
    --list)
      list="true"
      shift
      ;;
    --yes)
      assume_yes="true"
      shift
      ;;
    *) usage_error "unknown argument '$1'." ;;
  esac
done

command -v gh > /dev/null 2>&1 || fail "'gh' is not installed (https://cli.github.com)."
if [[ -z "$repo" ]]; then
  repo="$(gh repo view --json nameWithOwner --jq .nameWithOwner)" ||
    fail "cannot tell the repository; pass --repo OWNER/REPO."
fi

prod_releases() {
  gh release list --repo "$repo" --limit 100 --json tagName,createdAt \
    --jq '[.[] | select(.tagName | startswith("prod-"))] | sort_by(.createdAt) | reverse | .[].tagName'
}

if [[ "$list" == "true" ]]; then
  echo "Prod releases in $repo (newest first):"
  prod_releases | head -n 10
  echo
  echo "Successful Deploy runs (artifacts are kept 90 days):"
  gh run list --repo "$repo" --workflow deploy.yml --status success --limit 10
  exit 0
fi

case "$stage" in
  dev | staging | prod) ;;
  "") usage_error "--stage is required." ;;
  *) usage_error "--stage must be dev, staging or prod, not '$stage'." ;;
esac

sources=0
[[ -n "$run_id" ]] && sources=$((sources + 1))
[[ -n "$release_tag" ]] && sources=$((sources + 1))
[[ "$previous" == "true" ]] && sources=$((sources + 1))
((sources == 1)) || usage_error "give exactly one of --run-id, --release-tag or --previous."
[[ -z "$run_id" || "$run_id" =~ ^[0-9]+$ ]] || usage_error "--run-id must be a number."

if [[ "$previous" == "true" ]]; then
  release_tag="$(prod_releases | sed -n 2p)"
  [[ -n "$release_tag" ]] || fail "$repo has fewer than two prod releases; pass --run-id or --release-tag."
  echo "The prod release before the newest one is $release_tag."
fi
[[ -z "$release_tag" || "$release_tag" =~ ^prod-[0-9]{8}-[0-9]+$ ]] ||
  usage_error "--release-tag must look like prod-YYYYMMDD-N."

if [[ -n "$run_id" ]]; then
  source_description="the artifact of Deploy run $run_id"
  inputs=(-f "run-id=$run_id")
else
  source_description="release $release_tag"
  inputs=(-f "release-tag=$release_tag")
fi

if [[ "$assume_yes" != "true" ]]; then
  [[ -t 0 ]] || fail "cannot ask for confirmation without a terminal; pass --yes to redeploy $source_description to $stage."
  read -r -p "Redeploy $source_description to $stage in $repo? [y/N] " answer || answer=""
  [[ "$answer" == "y" || "$answer" == "Y" ]] || fail "cancelled."
fi

gh workflow run rollback.yml --repo "$repo" --ref main -f "stage=$stage" "${inputs[@]}"
echo "Rollback of $stage to $source_description started. Follow it with:"
echo "  gh run watch --repo $repo \$(gh run list --repo $repo --workflow rollback.yml --limit 1 --json databaseId --jq '.[0].databaseId')"
