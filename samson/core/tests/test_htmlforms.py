"""The fuzzer's form reader finds what a browser would submit."""

from samson.core.tests.htmlforms import page_forms

PAGE = """
<form method="post" action="../lagre/?neste=1" enctype="multipart/form-data">
  <input type="hidden" name="csrfmiddlewaretoken" value="abc">
  <input name="title" value="Tittel">
  <input type="radio" name="party" value="1"><input type="radio" name="party" value="2">
  <input type="checkbox" name="ask" value="on">
  <input type="text" name="off" disabled>
  <input type="reset" name="reset">
  <select name="sector"><option value="">Velg</option><option value="3">Tre<option>Fire</select>
  <select name="role"><option value="a">A</option><option value="b" selected>B</option></select>
  <textarea name="areas">Sentrum; 4200</textarea>
  <input type="file" name="file" accept=".csv,.xlsx">
  <button name="action" value="next">Neste</button>
  <button name="action" value="back">Tilbake</button>
</form>
<form><input name="q"></form>
<input name="outside">
"""


def test_page_forms() -> None:
    post, search = page_forms(PAGE, "/barometer/1/side/")
    assert (post.method, post.action, post.multipart) == (
        "post",
        "/barometer/1/lagre/?neste=1",
        True,
    )
    fields = {name: (f.kind, f.value, f.options) for name, f in post.fields.items()}
    assert fields == {
        "csrfmiddlewaretoken": ("hidden", "abc", []),
        "title": ("text", "Tittel", []),
        "party": ("radio", "1", ["1", "2"]),
        "ask": ("checkbox", "on", ["on"]),
        "sector": ("select", "", ["", "3", "Fire"]),
        "role": ("select", "b", ["a", "b"]),
        "areas": ("textarea", "Sentrum; 4200", []),
        "file": ("file", "", []),
        "action": ("submit", "next", ["next", "back"]),
    }
    assert post.fields["file"].accept == ".csv,.xlsx"
    assert (search.method, search.action, list(search.fields)) == (
        "get",
        "/barometer/1/side/",
        ["q"],
    )
