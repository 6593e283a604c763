/// The built-in formats that are written as Mustache templates. `reportkit template NAME`
/// prints one, so a user can copy it, change it and use it with `format: template`.
public enum BuiltinTemplates {
    /// A built-in template: its name, what it makes, whether values are HTML-escaped, and its text.
    public struct Entry: Sendable {
        public var name: String
        public var summary: String
        public var escapesHTML: Bool
        public var text: String
    }

    /// Every built-in template, by name.
    public static let all: [Entry] = [
        Entry(name: "markdown", summary: "Markdown with YAML front matter for Hugo and Jekyll", escapesHTML: false, text: markdown),
        Entry(name: "html", summary: "a standalone HTML page: inline CSS, light and dark, phone-readable", escapesHTML: true, text: html),
        Entry(name: "text", summary: "plain text", escapesHTML: false, text: text),
        Entry(name: "review", summary: "an HTML review page: every recorded edit and dropped line (context: pageTitle, reports)", escapesHTML: true, text: review),
    ]

    /// The template with this name.
    public static func named(_ name: String) -> Entry? {
        all.first { $0.name == name }
    }

    static let markdown = #"""
{{! reportkit built-in template "markdown". Values in yaml.* are quoted YAML; md.* and markdown are escaped Markdown. }}
---
title: {{{yaml.title}}}
{{#yaml.date}}
date: {{{yaml.date}}}
{{/yaml.date}}
{{#hasAuthors}}
authors: {{{yaml.authors}}}
{{/hasAuthors}}
{{#hasTags}}
tags: {{{yaml.tags}}}
{{/hasTags}}
{{#hasSummary}}
summary: {{{yaml.summary}}}
{{/hasSummary}}
{{#yaml.source}}
source: {{{yaml.source}}}
{{/yaml.source}}
---

# {{{md.title}}}
{{#md.subtitle}}

_{{{md.subtitle}}}_
{{/md.subtitle}}
{{#hasAuthors}}

By {{{md.byline}}}
{{/hasAuthors}}
{{#hasSummary}}

> **Summary.** {{{md.summary}}}
{{/hasSummary}}

{{#body}}
{{{markdown}}}

{{/body}}
"""#

    static let text = #"""
{{! reportkit built-in template "text": the report as plain text. }}
{{title}}
{{#subtitle}}
{{subtitle}}
{{/subtitle}}
{{#hasAuthors}}
By {{byline}}
{{/hasAuthors}}
{{#date}}
{{date}}
{{/date}}
{{#hasSummary}}

Summary: {{summaryText}}
{{/hasSummary}}

{{#body}}
{{text}}

{{/body}}
"""#

    static let styles = #"""
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fcfcfa; --muted: #59636e; --accent: #0b57d0;
  --panel: #eef2f7; --rule: #d0d7de; --del-bg: #ffebe9; --del-fg: #82071e; --ins-bg: #dafbe1; --ins-fg: #116329; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --accent: #79b8ff; --panel: #161b22; --rule: #30363d;
    --del-bg: #4b1113; --del-fg: #ffdcd7; --ins-bg: #0f3a1e; --ins-fg: #aff5b4; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 1.0625rem/1.6 Georgia, "Iowan Old Style", "Times New Roman", serif; overflow-wrap: anywhere; }
main, article { max-width: 40rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
h1, h2, h3, h4, .meta, .dek, figcaption, footer, summary, .label { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: clamp(1.6rem, 5vw, 2.3rem); line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; }
h3, h4, h5, h6 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.dek { font-size: 1.2rem; color: var(--muted); margin: 0 0 .75rem; }
.meta { color: var(--muted); font-size: .9rem; margin: 0 0 1.5rem; }
a { color: var(--accent); }
.summary { background: var(--panel); border-left: 4px solid var(--accent); border-radius: 6px; padding: .75rem 1rem; margin: 0 0 1.5rem; }
.summary h2, .key-quotes h2 { font-size: .8rem; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); margin: 0 0 .25rem; }
.summary ul { margin: 0; padding-left: 1.1rem; }
.key-quotes { margin: 0 0 1.5rem; }
figure { margin: 0 0 1rem; }
figure blockquote { margin: 0; font-size: 1.2rem; font-style: italic; border-left: 4px solid var(--rule); padding-left: 1rem; }
figcaption { color: var(--muted); font-size: .9rem; padding-left: 1.25rem; }
.body blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 3px solid var(--rule); color: var(--muted); }
.body ul { margin: .25rem 0; }
pre { overflow-x: auto; background: var(--panel); padding: .75rem; border-radius: 6px; }
.caption { color: var(--muted); font-size: .9rem; font-style: italic; }
footer { border-top: 1px solid var(--rule); margin-top: 2rem; padding-top: .75rem; color: var(--muted); font-size: .85rem; }
del { background: var(--del-bg); color: var(--del-fg); text-decoration: line-through; }
ins { background: var(--ins-bg); color: var(--ins-fg); text-decoration: none; }
del:empty, ins:empty { display: none; }
"""#

    static let html = #"""
{{! reportkit built-in template "html": one standalone page, well-formed as XML too. }}
<!DOCTYPE html>
<html lang="{{#language}}{{language}}{{/language}}{{^language}}en{{/language}}" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="color-scheme" content="light dark"/>
<meta name="generator" content="reportkit"/>
{{#hasSummary}}
<meta name="description" content="{{summaryText}}"/>
{{/hasSummary}}
<title>{{title}}</title>
<style>
\#(styles)
</style>
</head>
<body>
<article>
<header>
<h1>{{title}}</h1>
{{#subtitle}}
<p class="dek">{{subtitle}}</p>
{{/subtitle}}
<p class="meta">{{#hasAuthors}}By {{byline}}{{/hasAuthors}}{{#date}} · <time datetime="{{date}}">{{date}}</time>{{/date}}{{#site}} · {{site}}{{/site}}</p>
</header>
{{#hasSummary}}
<aside class="summary" aria-label="Summary">
<h2>Summary</h2>
<ul>
{{#summary.sentences}}
<li>{{text}}</li>
{{/summary.sentences}}
</ul>
</aside>
{{/hasSummary}}
{{#hasKeyQuotes}}
<section class="key-quotes" aria-label="Key quotes">
<h2>Key quotes</h2>
{{#keyQuotes}}
<figure>
<blockquote><p>{{text}}</p></blockquote>
{{#speaker}}
<figcaption>— {{speaker}}{{#role}}, {{role}}{{/role}}</figcaption>
{{/speaker}}
</figure>
{{/keyQuotes}}
</section>
{{/hasKeyQuotes}}
<div class="body">
{{#body}}
{{#isHeading}}
<h{{headingLevel}}>{{text}}</h{{headingLevel}}>
{{/isHeading}}
{{#isParagraph}}
<p>{{text}}</p>
{{/isParagraph}}
{{#isQuote}}
<blockquote><p>{{text}}</p></blockquote>
{{/isQuote}}
{{#isListItem}}
<ul><li>{{text}}</li></ul>
{{/isListItem}}
{{#isCaption}}
<p class="caption">{{text}}</p>
{{/isCaption}}
{{#isCode}}
<pre><code>{{text}}</code></pre>
{{/isCode}}
{{/body}}
</div>
<footer>
{{#link}}
<p>Source: <a href="{{link}}">{{link}}</a></p>
{{/link}}
{{^link}}
{{#source}}
<p>Source: {{path}}</p>
{{/source}}
{{/link}}
</footer>
</article>
</body>
</html>
"""#

    static let review = #"""
{{! reportkit built-in template "review": what the machine changed, for an editor to check. }}
<!DOCTYPE html>
<html lang="en" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="color-scheme" content="light dark"/>
<meta name="generator" content="reportkit"/>
<title>{{pageTitle}}</title>
<style>
\#(styles)
.report { border-top: 1px solid var(--rule); padding-top: 1rem; margin-top: 1.5rem; }
.rule { margin: 1rem 0; }
.rule summary { cursor: pointer; font-weight: 600; }
.rule code { font-size: .95rem; }
.edits { list-style: none; padding: 0; margin: .5rem 0 0; }
.edit { background: var(--panel); border-radius: 6px; padding: .5rem .75rem; margin: 0 0 .5rem; }
.edit .label { display: block; color: var(--muted); font-size: .8rem; }
.before, .after { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .9rem; white-space: pre-wrap; }
.sign { color: var(--muted); user-select: none; }
.context { color: var(--muted); font-size: .85rem; margin-top: .25rem; }
.dropped li { margin: 0 0 .35rem; }
.reason { font-family: system-ui, sans-serif; font-size: .75rem; text-transform: uppercase; letter-spacing: .05em;
  background: var(--panel); border: 1px solid var(--rule); border-radius: 4px; padding: 0 .3rem; margin-right: .35rem; }
</style>
</head>
<body>
<main>
<h1>{{pageTitle}}</h1>
<p class="meta">{{reportCount}} report(s) · {{changeCount}} edit(s) · {{droppedCount}} dropped line(s)</p>
{{#reports}}
<section class="report">
<h2>{{title}}</h2>
<p class="meta">{{#source}}{{path}} · {{/source}}{{changeCount}} edit(s) · {{droppedCount}} dropped line(s)</p>
{{#changeGroups}}
<details class="rule" open="open">
<summary><code>{{rule}}</code> · {{step}} · {{count}}</summary>
<ul class="edits">
{{#changes}}
<li class="edit">
<span class="label">{{where}}</span>
<div class="before"><span class="sign">− </span>{{prefix}}<del>{{removed}}</del>{{suffix}}</div>
<div class="after"><span class="sign">+ </span>{{prefix}}<ins>{{inserted}}</ins>{{suffix}}</div>
{{#context}}
<div class="context">{{context}}</div>
{{/context}}
</li>
{{/changes}}
</ul>
</details>
{{/changeGroups}}
{{#hasDropped}}
<h3>Dropped lines</h3>
<ul class="dropped">
{{#dropped}}
<li><span class="reason">{{reason}}</span>{{text}}</li>
{{/dropped}}
</ul>
{{/hasDropped}}
{{^hasChanges}}
{{^hasDropped}}
<p>No edits were recorded and nothing was dropped.</p>
{{/hasDropped}}
{{/hasChanges}}
</section>
{{/reports}}
</main>
</body>
</html>
"""#
}
