#!/usr/bin/env bash
# `gatemap info --json`: the fixed shape other tools depend on.
set -u
bin=$1
unset DISPLAY WAYLAND_DISPLAY
"$bin" info --json > "${TMPDIR:-/tmp}/gatemap-info-$$.json" || { echo "FAIL: info --json exited $?"; exit 1; }
python3 - "${TMPDIR:-/tmp}/gatemap-info-$$.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
names = [l['name'] for l in j['layers']]
for n in ['land', 'frontier', 'gates', 'provinces', 'prefectures', 'rivers', 'roads', 'railways', 'towns',
          'status', 'flows', 'trade', 'title', 'legend', 'scalebar', 'north_arrow', 'attribution', 'datestamp']:
    assert n in names, n
assert [n for n in names if 'frontier' in n] == ['frontier'], names
for l in j['layers']:
    assert isinstance(l['features'], int)
f = j['frontier']
assert abs(f['geodesic_km'] - 221.25) < 0.5, f
assert f['official_km'] == 231.74, f
ids = [g['id'] for g in j['gates']]
assert sorted(ids) == sorted(['huu_nghi', 'dong_dang_rail', 'tan_thanh', 'coc_nam', 'chi_ma', 'binh_nghi',
                              'na_hinh', 'na_nua', 'po_nhung', 'coc_sau']), ids
for g in j['gates']:
    for k in ('id', 'name_vi', 'name_zh', 'name_en', 'kind', 'vn', 'cn', 'crossing'):
        assert k in g, (g['id'], k)
    for side in ('vn', 'cn', 'crossing'):
        s = g[side]
        assert s is None or {'lon', 'lat', 'confidence'} <= set(s), (g['id'], side, s)
hn = next(g for g in j['gates'] if g['id'] == 'huu_nghi')
assert hn['vn']['confidence'] == 'high' and abs(hn['vn']['lon'] - 106.71083) < 1e-6, hn['vn']
assert next(g for g in j['gates'] if g['id'] == 'coc_sau')['vn'] is None
# Issue 18: the data's "as of": the latest event date (planned rows excluded), flow end, trade end.
assert j['data_as_of'] == '2026-03-03', j.get('data_as_of')
print('ok: info --json shape, 10 gate pairs, frontier', f['geodesic_km'], 'km')
PY
rc=$?
rm -f "${TMPDIR:-/tmp}/gatemap-info-$$.json"
[ $rc -eq 0 ] || exit $rc
# The text output says it too.
"$bin" info | grep -qx 'Data as of: 2026-03-03' || { echo "FAIL: info does not print 'Data as of: 2026-03-03'"; exit 1; }
# 2026-02-16 (Tet stop): Huu Nghi goods stopped, passengers open.
"$bin" info --date 2026-02-16 | grep -E '^  huu_nghi ' | grep -q 'restricted (cargo closed, passengers open)' ||
  { echo "FAIL: huu_nghi on 2026-02-16: $("$bin" info --date 2026-02-16 | grep huu_nghi)"; exit 1; }
echo "ok: data as of 2026-03-03; Tet 2026 stop"
