#!/usr/bin/env python3
"""Writes a large data file for the resource-limit tests (issue 20), at test time, never committed.

  make_input.py events_csv PATH BYTES [NOTE]  an events CSV of valid rows, about BYTES long (each
                                          note NOTE characters longer: fewer, longer rows)
  make_input.py gates_csv PATH BYTES      a planner's gates CSV (distinct pairs), about BYTES long
  make_input.py one_line PATH BYTES       a CSV whose header is one line of BYTES bytes (no newline)
  make_input.py points_geojson PATH N     a valid GeoJSON FeatureCollection of N gate points
"""
import sys

EVENTS_HEADER = ("date,date_precision,end_date,gate_id,event,initiated_by,note,publisher,source_date,url,"
                 "confidence,role\n")
EVENTS_ROW = ("2021-03-{day:02d},day,,chi_ma,closed,cn,Row {n} of a generated file{pad},gatemap test,2021-03,"
              "https://example.org/{n},medium,\n")
PAD = ""
GATES_HEADER = "id,pair_id,name_vi,name_zh,name_zh_note,side,kind,lon,lat,confidence,source\n"
GATES_ROW = "g{n}_vn,p{n},Cửa khẩu {n},口岸{n},,VN,crossing_point,{lon:.5f},{lat:.5f},low,generated\n"
FEATURE = ('{{"type":"Feature","properties":{{"id":"g{n}_vn","pair_id":"p{n}","name_vi":"C {n}",'
           '"name_zh":"","name_zh_note":"","side":"VN","kind":"crossing_point","confidence":"low",'
           '"source":"generated"}},"geometry":{{"type":"Point","coordinates":[{lon:.5f},{lat:.5f}]}}}}')


def write_rows(path, header, row, size):
    with open(path, "w", encoding="utf-8", buffering=1 << 22) as f:
        f.write(header)
        written, n, chunk = len(header), 0, []
        while written < size:
            chunk.clear()
            for _ in range(100):
                n += 1
                chunk.append(row.format(n=n, pad=PAD, day=1 + n % 28, lon=106.0 + (n % 9000) / 10000,
                                        lat=21.5 + (n // 9000 % 9000) / 10000))
            block = "".join(chunk)
            f.write(block)
            written += len(block.encode("utf-8"))


def main():
    global PAD
    kind, path, amount = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if len(sys.argv) > 4:
        PAD = " padding" * (int(sys.argv[4]) // 8)
    if kind == "events_csv":
        write_rows(path, EVENTS_HEADER, EVENTS_ROW, amount)
    elif kind == "gates_csv":
        write_rows(path, GATES_HEADER, GATES_ROW, amount)
    elif kind == "one_line":
        with open(path, "wb") as f:
            f.write(b"date,gate_id")
            block = b",x" * (1 << 19)
            left = amount - 12
            while left > 0:
                f.write(block[:left])
                left -= len(block)
    elif kind == "points_geojson":
        with open(path, "w", encoding="utf-8", buffering=1 << 22) as f:
            f.write('{"type":"FeatureCollection","features":[\n')
            for start in range(0, amount, 10000):
                parts = [FEATURE.format(n=n, lon=106.0 + (n % 9000) / 10000, lat=21.5 + (n // 9000 % 9000) / 10000)
                         for n in range(start, min(amount, start + 10000))]
                f.write((",\n" if start else "") + ",\n".join(parts))
            f.write("\n]}\n")
    else:
        sys.exit("unknown kind " + kind)


if __name__ == "__main__":
    main()
