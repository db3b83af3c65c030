#!/usr/bin/env python3
"""Copies the property names and JSON types of the XAPI schemas the simulator serves from the official
swagger (3cx/xapi-tutorial, API 20.0.10) into schemas.json, so the contract test needs nothing outside
the repo. Run once by hand:  python3 generate-schemas.py /path/to/3cx-xapi-swagger.yaml"""
import json, sys, yaml

SCHEMAS = ["Pbx.CallLogData", "Pbx.ActiveCall", "Pbx.Queue", "Pbx.QueueAgent", "Pbx.User", "Pbx.SystemStatus",
           "Pbx.QueuePerformanceTotals", "Pbx.StatisticSla", "Pbx.XReportRecording", "Pbx.AbandonedQueueCalls",
           "Pbx.QueueAnsweredCallsByWaitTime"]

doc = yaml.safe_load(open(sys.argv[1]))
schemas = doc["components"]["schemas"]

def props(name):
    schema, out = schemas[name], {}
    for part in schema.get("allOf", [schema]):
        if "$ref" in part:
            out.update(props(part["$ref"].split("/")[-1]))
        else:
            out.update(part.get("properties", {}))
    return out

def describe(p):
    ref = p.get("$ref") or next((x["$ref"] for x in p.get("allOf", []) if "$ref" in x), None)
    if ref:
        target = schemas[ref.split("/")[-1]]
        return {"type": "string", "enum": target["enum"]} if "enum" in target else {"type": "object", "ref": ref.split("/")[-1]}
    if "oneOf" in p or "anyOf" in p:
        return {"type": "any"}
    d = {"type": p.get("type", "any")}
    if "format" in p:
        d["format"] = p["format"]
    if d["type"] == "array":
        d["items"] = describe(p.get("items", {}))
    return d

out = {name: {k: describe(v) for k, v in sorted(props(name).items())} for name in SCHEMAS}
json.dump({"source": "3cx-xapi-swagger.yaml (API 20.0.10)", "schemas": out}, open("schemas.json", "w"), indent=1, sort_keys=True)
print("wrote", sum(len(v) for v in out.values()), "properties")
