"""Smoke: create an artist and a story as an editor, publish, read as anonymous."""

CREATE_ARTIST = """
mutation($input: CreateArtistInput!) { createArtist(input: $input) {
  artist { id slug name status } errors { field message code } } }
"""
CREATE_STORY = """
mutation($input: CreateStoryInput!) { createStory(input: $input) {
  story { id slug title status authorName readingTimeMinutes } errors { field message code } } }
"""
STORY = """query($slug: String!) { story(slug: $slug) { title authorName author { name } } }"""


def test_smoke(gql):
    artist = gql(
        CREATE_ARTIST, {"input": {"name": "Ҳусния Раҳимова", "status": "PUBLISHED"}}, as_="editor"
    )
    assert artist["createArtist"]["errors"] == []
    a = artist["createArtist"]["artist"]
    assert a["slug"] == "husniya-rahimova"
    story = gql(
        CREATE_STORY,
        {
            "input": {
                "title": "Қиссаи ман",
                "body": "<p>Салом <script>x</script></p>",
                "authorId": a["id"],
                "status": "PUBLISHED",
            }
        },
        as_="editor",
    )
    assert story["createStory"]["errors"] == [], story
    s = story["createStory"]["story"]
    data = gql(STORY, {"slug": s["slug"]})
    assert data["story"]["authorName"] == "Ҳусния Раҳимова"
