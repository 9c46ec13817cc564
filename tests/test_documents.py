"""Code blocks in Markdown and reStructuredText: found with the document's own
lines, fixed in place with every other byte kept, skipped when marked, and
left alone (and said so) when they do not parse."""

from __future__ import annotations

from rtmigrate import Settings, check_source, fix_source
from rtmigrate.api import check_paths, run_document
from rtmigrate.core.documents import blocks

MD = '''# Guide

```python
import openai
if event.type == "response.text.delta":
    print(event.delta)
```

<!-- rtmigrate: ignore -->

```py
if event.type == "response.text.delta":
    pass
```

- In a list:

  ~~~js
  import OpenAI from "openai";
  if (e.type === "response.audio.delta") play(e);
  ~~~

```python
not python "response.text.delta"
```
'''


def test_blocks_are_found_at_the_documents_lines():
    found = blocks(MD, ".md")
    assert [(b.first_line, b.suffix, b.ignored, b.indent) for b in found] == [
        (4, ".py", False, ""), (12, ".py", True, ""), (19, ".js", False, "  "), (24, ".py", False, ""),
    ]
    assert found[2].code.startswith('import OpenAI from "openai";\nif (e.type')


def test_findings_carry_the_documents_lines_and_columns():
    found = [(d.line, d.column, d.code) for d in check_source(MD, "guide.md")]
    assert found == [(5, 18, "RT101"), (20, 18, "RT101")]


def test_fixes_touch_the_blocks_and_nothing_else():
    fixed = fix_source(MD, "guide.md")
    assert fixed == MD.replace('if event.type == "response.text.delta":\n    print', 'if event.type == "response.output_text.delta":\n    print').replace(
        '=== "response.audio.delta"', '=== "response.output_audio.delta"')


def test_a_block_that_does_not_parse_is_left_alone_and_named():
    done = run_document(MD, ".md", "guide.md", Settings(), fixing=True)
    assert done.problems == ["the py block at line 24 is left alone: syntax error at line 24, column 12: invalid syntax"]
    assert 'not python "response.text.delta"' in done.text


def test_restructuredtext_directives():
    rst = (
        "Title\n=====\n\n.. code-block:: python\n   :caption: app.py\n\n   import openai\n   t = \"response.text.done\"\n\n"
        ".. rtmigrate: ignore\n\n.. code:: python\n\n   t = \"response.text.done\"\n\nEnd.\n"
    )
    assert [(d.line, d.column) for d in check_source(rst, "doc.rst")] == [(8, 8)]
    assert fix_source(rst, "doc.rst") == rst.replace('   t = "response.text.done"\n\n.. rtmigrate', '   t = "response.output_text.done"\n\n.. rtmigrate')


def test_documents_are_read_in_folders_only_when_the_setting_says_so(tmp_path):
    (tmp_path / "guide.md").write_text(MD)
    assert check_paths([tmp_path], Settings()).files == []
    assert [d.line for d in check_paths([tmp_path], Settings(docs=True)).diagnostics] == [5, 20]
    assert [d.line for d in check_paths([tmp_path / "guide.md"], Settings()).diagnostics] == [5, 20]


def test_a_fixed_document_is_written_with_its_broken_block_reported(tmp_path):
    path = tmp_path / "guide.md"
    path.write_text(MD)
    result = check_paths([path], Settings(), fix=True, write=True)
    assert "left alone" in result.errors[0].message
    assert path.read_text() == fix_source(MD, "guide.md")
