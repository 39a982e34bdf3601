#!/usr/bin/env bash
# One cold build, a no-change rebuild, a one-item edit and a Hugo cold build, timed with /usr/bin/time.
# Usage: bench/single_runs.sh bench/out/corpus-10000 /path/to/hugo   (quicker than run_bench.py, single runs)
set -u
CORPUS=$(cd "${1:?usage: bench/single_runs.sh CORPUS_DIR HUGO_BINARY}" && pwd); HUGO=${2:?}; ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$CORPUS"
B="$ROOT/.venv/bin/python $ROOT/build.py build --config config.toml --content content --out public --cache-dir cache --quiet"
rm -rf public cache .public.building .public.previous
echo "cold:"; /usr/bin/time -f "%e s wall, %U+%S s CPU, %M KB max RSS (largest process)" $B 2>&1 | tail -1
echo "no change:"; /usr/bin/time -f "%e s wall" $B 2>&1 | tail -1
f=$(ls content/d05/2023/*.md | head -1); cp $f "$CORPUS.keep"
printf '\n补充说明：本条已更新。\n' >> $f
echo "one item edited:"; /usr/bin/time -f "%e s wall" $B 2>&1 | tail -1
cp "$CORPUS.keep" $f
$B > /dev/null 2>&1
H="$CORPUS-hugo"
[ -f $H/hugo.toml ] || $ROOT/.venv/bin/python $ROOT/bench/hugo_site.py . $H 2>/dev/null
cd $H && rm -rf public resources .hugo_build.lock
echo "hugo cold:"; /usr/bin/time -f "%e s wall, %U+%S s CPU, %M KB max RSS" "$HUGO" --quiet 2>&1 | tail -1
echo done
