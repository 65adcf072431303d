# For the results.csv files of one sweep run under several seeds (out/seeds/SEED/SWEEP/results.csv, as
# docs/reproduction.md's "Past the paper's rule" writes them): one Markdown row per sweep and network with, over the
# seeds, the lowest and the highest mean of expected-accuracy less mdinference (points of accuracy) at any SLA, the
# lowest single value with its seed, how many (SLA, seed) points fall more than 0.2 points below, and the lowest mean
# expected-accuracy / oracle.
#
#   awk -f tools/sim/seeds.awk out/seeds/*/*/results.csv | sort
BEGIN { FS = "," }
FNR == 1 { depth = split(FILENAME, part, "/"); sweep = part[depth - 1]; seed = part[depth - 2]; next }
$2 == "expected-accuracy" || $2 == "mdinference" {
  key = sweep "|" $1
  accuracy[key, $3, seed, $2] = $5; networks[key] = 1; slas[$3] = 1; seeds[seed] = 1
  if ($2 == "expected-accuracy") ofOracle[key, $3, seed] = $5 / $10
}
END {
  for (key in networks) {
    worstMean = 999; bestMean = -999; worstOne = 999; worstRatio = 9; below = 0; points = 0
    for (sla in slas) {
      sum = 0; ratios = 0; count = 0
      for (seed in seeds) {
        if (!((key, sla, seed, "mdinference") in accuracy)) continue
        gap = 100 * (accuracy[key, sla, seed, "expected-accuracy"] - accuracy[key, sla, seed, "mdinference"])
        sum += gap; ratios += ofOracle[key, sla, seed]; count++; points++
        if (gap < -0.2) below++
        if (gap < worstOne) { worstOne = gap; oneSla = sla; oneSeed = seed }
      }
      if (count == 0) continue
      if (sum / count < worstMean) { worstMean = sum / count; meanSla = sla }
      if (sum / count > bestMean) { bestMean = sum / count; bestSla = sla }
      if (ratios / count < worstRatio) { worstRatio = ratios / count; ratioSla = sla }
    }
    split(key, name, "|")
    printf "| %s | %s | %+.2f (%d ms) | %+.2f (%d ms) | %+.2f (%d ms, seed %s) | %d of %d | %.3f (%d ms) |\n", name[1],
      name[2], worstMean, meanSla, bestMean, bestSla, worstOne, oneSla, oneSeed, below, points, worstRatio, ratioSla
  }
}
