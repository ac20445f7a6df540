"""The example site builds and shows the open incident at the test epoch."""

from bs4 import BeautifulSoup


def test_example_site_home_shows_open_incident(example_site):
    soup = BeautifulSoup((example_site / "index.html").read_text(), "lxml")
    banner = soup.select_one(".sk-banner")
    # The breach is critical, but its components are down to one degraded: the page says that.
    assert banner is not None and banner.get_text(strip=True) == "Partially Degraded Service"
    titles = [a.get_text(strip=True) for a in soup.select("#sk-open ~ article h3 a")]
    assert "Payment card data stolen from checkout terminals in our stores" in titles
