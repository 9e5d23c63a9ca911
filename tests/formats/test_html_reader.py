"""read_html_file: visible text, titles, character sets, and nothing ever loaded."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from annotator.domain.errors import InputFileError
from annotator.formats.html_reader import read_html_file
from annotator.formats.readers import read_document


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Page  title</title>
<style>p { color: red }</style><script>document.write("SCRIPTED")</script>
<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>
<body><!-- hidden comment -->
<h1>Big <b>heading</b></h1>
<p>First   para &amp; more&nbsp;text &#x263A;
 continues</p><p>Second<br>line two</p>
<ul><li>one</li><li>two</li></ul>
<table><tr><td>a</td> <td>b</td></tr><tr><td>c</td><td></td><td>e</td></tr></table>
<pre>  code
   indented</pre>
<img src="http://127.0.0.1:9/x.png">tail <i>text</i>
<noscript>no script</noscript><template>TEMPLATE</template>
</body></html>
"""


def test_visible_text_with_paragraph_breaks(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "page.html", PAGE.encode()))
    assert document.text == (
        "Big heading\n\nFirst para & more\u00a0text ☺ continues\n\nSecond\nline two\n\n"
        "one\n\ntwo\n\na\tb\n\nc\t\te\n\n  code\n   indented\n\ntail text no script"
    )
    assert document.title == "Page title"
    assert document.source == "page.html"


def test_nothing_is_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert "tail text" in read_html_file(write(tmp_path, "p.htm", PAGE.encode())).text


def test_without_a_title_the_file_name_is_the_title(tmp_path: Path) -> None:
    with_h1 = b"<html><body><p>intro</p><h1>The <em>real</em> title</h1></body></html>"
    assert read_html_file(write(tmp_path, "a.html", with_h1)).title == "a"
    icon = b"<body><svg><title>Icon</title></svg><h1>Heading</h1><p>text</p></body>"
    assert read_html_file(write(tmp_path, "icon page.html", icon)).title == "icon page"
    bare = b"<p>Just a paragraph</p><p>and another</p>"
    assert read_html_file(write(tmp_path, "2019-05-06 b.htm", bare)).title == "2019-05-06 b"


@pytest.mark.parametrize("title", ["", "   ", "Untitled Document", "untitled", "Document1",
                                   "Microsoft Word - notes.docx", "notes.html", "—"])
def test_a_blank_or_placeholder_title_gives_the_file_name(tmp_path: Path, title: str) -> None:
    page = f"<html><head><title>{title}</title></head><body><p>Body</p></body></html>"
    assert read_html_file(write(tmp_path, "saved page.html", page.encode())).title == (
        "saved page")


def test_a_title_over_several_lines_is_one_line(tmp_path: Path) -> None:
    page = b"<title>\n  Water\tand\n\n borders \n</title><p>Body</p>"
    assert read_html_file(write(tmp_path, "w.html", page)).title == "Water and borders"


def test_declared_legacy_charset(tmp_path: Path) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
            'charset=windows-1251"><title>Новости</title></head><body><p>Текст статьи</p>'
            "</body></html>")
    document = read_html_file(write(tmp_path, "ru.html", page.encode("cp1251")))
    assert (document.title, document.text) == ("Новости", "Текст статьи")


def test_undeclared_charset_is_detected(tmp_path: Path) -> None:
    body = "<p>Съешь же ещё этих мягких французских булок, да выпей чаю.</p>" * 5
    document = read_html_file(write(tmp_path, "ru.html", body.encode("cp1251")))
    assert document.text.startswith("Съешь же ещё этих мягких французских булок")


def test_a_wrong_utf8_label_falls_back_to_detection(tmp_path: Path) -> None:
    page = '<meta charset="utf-8"><p>Grüße aus Köln, schöne Straße</p>'.encode("cp1252")
    assert read_html_file(write(tmp_path, "de.html", page)).text == (
        "Grüße aus Köln, schöne Straße"
    )


def test_dates_from_header_then_file_name_then_meta(tmp_path: Path) -> None:
    meta = '<meta property="article:published_time" content="2019-04-05T10:00:00+03:00">'
    only_meta = f"<html><head>{meta}</head><body><p>Text</p></body></html>".encode()
    assert read_html_file(write(tmp_path, "a.html", only_meta)).date == "2019-04-05T10:00:00"
    assert read_html_file(write(tmp_path, "2020-01-02 a.html", only_meta)).date == "2020-01-02"
    headed = f"<head>{meta}</head><h1>Title</h1><p>12.02.2018 15:32</p>".encode()
    assert read_html_file(write(tmp_path, "b.html", headed)).date == "2018-02-12T15:32"


def test_an_unclosed_head_ends_at_body(tmp_path: Path) -> None:
    page = b"<html><head><title>T</title><body><p>Body text</p></body></html>"
    assert read_html_file(write(tmp_path, "h.html", page)).text == "Body text"


def test_a_page_without_visible_text_is_refused(tmp_path: Path) -> None:
    page = b"<html><head><title>Only a title</title><script>x()</script></head></html>"
    with pytest.raises(InputFileError) as caught:
        read_html_file(write(tmp_path, "e.html", page))
    assert caught.value.reason == "the file holds no text"
