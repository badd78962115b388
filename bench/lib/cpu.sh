# The CPU as the bench reports name it: lscpu's model name, family and model ("AMD EPYC, family 25
# model 17"), since hosts that share a model name differ (a Zen 4 and a Zen 5 EPYC both say "AMD
# EPYC") and every figure holds for its family only. Sourced; defines one function.

vitface_cpu_name() {
    local info
    info=$(lscpu)
    printf '%s, family %s model %s' "$(sed -n 's/^Model name: *//p' <<<"$info")" \
        "$(sed -n 's/^CPU family: *//p' <<<"$info")" "$(sed -n 's/^Model: *//p' <<<"$info")"
}
