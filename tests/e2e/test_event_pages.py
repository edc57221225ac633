"""Events, delegations and roles in archive-small, read from the built pages as a reader's browser would."""

from __future__ import annotations

from conftest import parse_html


def delegations(page) -> dict[str, list[tuple[str, str]]]:
    """Side -> [(person, attendance)] from a page's <section id="delegations">."""
    section = page.get_element_by_id("delegations")
    return {ul.get("data-side"): [(li.cssselect("a")[0].text, li.cssselect(".attendance")[0].text)
                                  for li in ul.cssselect("li.participant")]
            for ul in section.cssselect("ul.delegation")}


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_round_page_lists_only_the_recorded_delegations_by_side(small_site):
    page = parse_html(small_site / "rounds/2/index.html")
    assert delegations(page) == {
        "Syria": [("Asaad al-Shaibani", "attended")],
        "Israel": [("Ron Dermer", "reported by some sources only")],
        "United States": [("Tom Barrack", "attended")],
    }
    outlets = [text(span) for span in page.get_element_by_id("delegations").cssselect(".outlets")]
    assert outlets == ["Axios, The Jerusalem Post", "Haaretz", "Axios"]
    # Syria is named in a round-2 briefing but took no part: it is listed apart, under its own heading.
    also = page.get_element_by_id("also-named")
    assert text(also.cssselect("h2")[0]) == "Also named in these briefings"
    assert [a.text for a in also.cssselect("li a")] == ["Syria"]


def test_a_round_without_an_event_says_no_delegation_is_recorded(small_site):
    page = parse_html(small_site / "rounds/1/index.html")
    assert "No delegations are recorded for this round." in text(page.get_element_by_id("delegations"))
    assert [a.text for a in page.get_element_by_id("also-named").cssselect("li a")] == ["Asaad al-Shaibani", "Ron Dermer"]


def test_events_page_is_newest_first_by_month_with_undated_events_last(small_site):
    page = parse_html(small_site / "events/index.html")
    assert [h.text for h in page.cssselect(".event-month h2")] == [
        "February 2026", "January 2026", "September 2025", "August 2025", "Date not reported"]
    assert [a.text for a in page.cssselect(".event-title a")] == [
        "Amman meeting", "Second round in Paris", "Baku meeting", "Paris meeting", "Dermer resigns"]
    august = page.get_element_by_id("event-paris-meeting-august")
    assert august.cssselect("time")[0].get("datetime") == "2025-08"
    assert august.cssselect("time")[0].text == "August 2025"
    undated = page.get_element_by_id("event-dermer-resigns")
    assert not undated.cssselect("time") and "Date not reported" in text(undated)
    paris = page.get_element_by_id("event-paris-round-2")
    assert "Sides present: Syria, Israel, United States" in text(paris)
    assert [a.text for a in paris.cssselect(".event-briefings a")] == ["Paris round ends", "Paris round opens"]


def test_event_page_shows_delegations_disagreements_and_escapes_text(small_site):
    page = parse_html(small_site / "events/paris-round-2/index.html")
    assert "5–6 January 2026" in text(page.cssselect(".profile")[0])
    assert delegations(page)["Israel"] == [("Ron Dermer", "reported by some sources only")]
    (note,) = page.get_element_by_id("disagreements").cssselect("li")
    assert text(note) == ("Ron Dermer: Haaretz places him in the delegation; The Jerusalem Post's list <b>omits</b> him."
                          " Sources: Haaretz, The Jerusalem Post")
    assert not page.cssselect("main b")  # the editor's markup is text, not HTML
    assert page.cssselect(".profile dd bdi")[0].text == 'Paris <Élysée> & "annex"'


def test_actor_page_separates_events_taken_part_in_from_briefings_and_shows_tenures(small_site):
    page = parse_html(small_site / "actors/ron-dermer/index.html")
    took_part = [a.text for a in page.get_element_by_id("took-part").cssselect("li > a")]
    assert took_part == ["Second round in Paris"]
    assert [text(li.cssselect(".tenure")[0]) for li in page.get_element_by_id("roles").cssselect("li")] == [
        "start not reported until December 2025",
        "start not reported; ended on a date not reported, before 6 January 2026",
        "from 6 January 2026; no end reported",
    ]
    assert text(page.get_element_by_id("entries-heading")) == "Briefings that name Ron Dermer (3)"
    # Named in the London briefing of round 1, but recorded as taking part only in round 2.
    rounds = [a.text for a in page.cssselect(".profile dd a") if "Round" in a.text]
    assert rounds == ['Round 2 (Paris <Élysée> & "annex")']


def test_briefing_shows_each_persons_role_on_its_date(small_site):
    def roles(path: str) -> dict[str, str]:
        page = parse_html(small_site / path)
        return {li.get("data-actor"): text(li).split(": ", 1)[1] for li in page.cssselect(".roles-then li")}
    august = roles("briefings/2025/08/19/paris-meeting/index.html")
    assert august["ron-dermer"] == ("Strategic Affairs Minister of Israel; Chief negotiator "
                                    "(ended on a date not reported, before 6 January 2026)")
    assert august["tom-barrack"] == "US envoy for Syria"  # no recorded roles: the short `role` stands in
    assert roles("briefings/2026/01/06/paris-ends/index.html")["ron-dermer"] == "Adviser to the cabinet"


def test_briefing_links_the_events_it_reports(small_site):
    page = parse_html(small_site / "briefings/2026/01/06/paris-ends/index.html")
    assert [a.text for a in page.cssselect(".entry-events a")] == ["Second round in Paris", "Dermer resigns"]


def test_home_page_states_where_things_stand_then_the_next_event(small_site):
    page = parse_html(small_site / "index.html")
    status = page.get_element_by_id("where-things-stand")
    assert status.cssselect("time")[0].get("datetime") == "2026-01-06"
    assert not status.cssselect("script")
    assert text(status.cssselect(".next-event a")[0]) == "Amman meeting"
    assert "February 2026" in text(status.cssselect(".next-event")[0])
    negotiators = {ul.get("data-side"): [a.text for a in ul.cssselect("a")] for ul in page.cssselect("ul.negotiators")}
    assert negotiators == {"Syria": ["Asaad al-Shaibani"], "Israel": ["Ron Dermer"], "United States": ["Tom Barrack"]}


def test_event_pages_carry_schema_org_event_data_as_precise_as_recorded(small_site):
    import json

    def data(event_id: str) -> dict:
        page = parse_html(small_site / f"events/{event_id}/index.html")
        return json.loads(page.cssselect('script[type="application/ld+json"]')[0].text)
    paris = data("paris-round-2")
    assert (paris["@type"], paris["startDate"], paris["endDate"]) == ("Event", "2026-01-05", "2026-01-06")
    assert paris["location"]["name"] == 'Paris <Élysée> & "annex"'
    assert [person["name"] for person in paris["attendee"]] == ["Asaad al-Shaibani", "Ron Dermer", "Tom Barrack"]
    assert data("paris-meeting-august")["startDate"] == "2025-08"
    assert "startDate" not in data("dermer-resigns")
    assert data("amman-meeting")["attendee"] == []  # expected only: not an attendee
