# For results.csv files of `mdi simulate --policy mdinference,expected-accuracy,oracle`: one Markdown row per file
# and network, with the worst SLA point of each figure (the lowest SLA among equals) (docs/reproduction.md, "Past the paper's rule"):
# expected-accuracy / oracle, mdinference / oracle, expected-accuracy less mdinference in points of accuracy, and
# expected-accuracy's SLA attainment at its lowest.
#
#   awk -f tools/sim/worst-sla.awk out/ea-*/results.csv | sort
BEGIN { FS = "," }
FNR == 1 { next }
{
  key = FILENAME "|" $1
  accuracy[key, $3, $2] = $5; attainment[key, $3, $2] = $6; oracle[key, $3] = $10
  points[key, $3] = 1; networks[key] = 1
}
END {
  for (key in networks) {
    ea = 9; paper = 9; gap = 999; attain = 1
    for (point in points) {
      split(point, part, SUBSEP)
      if (part[1] != key) continue
      sla = part[2]
      ratio = accuracy[key, sla, "expected-accuracy"] / oracle[key, sla]
      if (ratio < ea || ratio == ea && sla + 0 < eaSla + 0) { ea = ratio; eaSla = sla }
      ratio = accuracy[key, sla, "mdinference"] / oracle[key, sla]
      if (ratio < paper || ratio == paper && sla + 0 < paperSla + 0) { paper = ratio; paperSla = sla }
      points100 = 100 * (accuracy[key, sla, "expected-accuracy"] - accuracy[key, sla, "mdinference"])
      if (points100 < gap || points100 == gap && sla + 0 < gapSla + 0) { gap = points100; gapSla = sla }
      if (attainment[key, sla, "expected-accuracy"] < attain) attain = attainment[key, sla, "expected-accuracy"]
    }
    split(key, name, "|"); depth = split(name[1], folder, "/")
    printf "| %s | %s | %.3f (%d ms) | %.3f (%d ms) | %+.2f (%d ms) | %.2f %% |\n", folder[depth - 1], name[2], ea,
      eaSla, paper, paperSla, gap, gapSla, 100 * attain
  }
}
