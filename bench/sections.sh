# Sourced by bench/e2e.sh and bench/jmh.sh: writes a generated report between its markers in BENCHMARKS.md.
#
#   write_section FILE NAME HEADING REPORT TMPDIR
#
# replaces what lies between "<!-- NAME:begin (written by bench/NAME.sh; ...) -->" and "<!-- NAME:end -->" in FILE
# with REPORT, leaving the text around the markers alone; a file without the markers gets a new "## HEADING"
# section at its end.
write_section() {
    local md=$1 name=$2 heading=$3 report=$4 tmp=$5
    local begin="<!-- $name:begin (written by bench/$name.sh; edits inside are overwritten) -->"
    local end="<!-- $name:end -->"
    if [ -f "$md" ] && grep -qF "$begin" "$md" && grep -qF "$end" "$md"; then
        awk -v begin="$begin" -v end="$end" -v report="$report" '
            $0 == begin { print; while ((getline line < report) > 0) print line; skip = 1; next }
            $0 == end { skip = 0 }
            !skip { print }' "$md" >"$tmp/BENCHMARKS.md"
    else
        { [ -f "$md" ] && cat "$md"; echo; echo "## $heading"; echo; echo "$begin"; cat "$report"; echo "$end"; } \
            >"$tmp/BENCHMARKS.md"
    fi
    cp "$tmp/BENCHMARKS.md" "$md"
}
