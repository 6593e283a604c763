#!/bin/sh
# A reportkit exec plugin in shell: counts the body's words into metadata.words
# and flags reports shorter than 'min-words'. Needs jq (https://jqlang.org).
# jq reads one request per line and, with --unbuffered, answers each at once.
command -v jq >/dev/null 2>&1 || { echo "word-count needs jq on PATH" >&2; exit 127; }
exec jq --compact-output --unbuffered '
  if .type == "describe" then {
    type: "describe", protocol: 1, name: "word-count",
    summary: "Count the body words into metadata.words; tag short reports.",
    options: [
      {name: "min-words", type: "integer", min: 0, default: 50,
       doc: "Reports with fewer body words get the tag \"short\"."}
    ],
    examples: [
      {title: "counts the words of every body block",
       input: "One two three.\n\nFour five.",
       expect: {fields: {"metadata.words": "5"}, contains: "One two three."}},
      {title: "tags a report under the minimum",
       options: {"min-words": 3}, input: "Too short.",
       expect: {fields: {"tags.0": "short"}}}
    ]
  }
  elif .type == "transform" then
    .options["min-words"] as $min
    | ([.report.body[].text | [splits("\\s+")] | map(select(length > 0)) | length] | add // 0) as $words
    | {type: "report", id: .id,
       report: (.report
         | .metadata.words = $words
         | if $words < ($min // 50) then .tags = ((.tags // []) + ["short"] | unique) else . end)}
  else {type: "error", id: .id, message: "unknown request type \(.type)"}
  end'
