"""The example site builds and shows the open incident at the test epoch."""

from bs4 import BeautifulSoup


def test_example_site_home_shows_open_incident(example_site):
    soup = BeautifulSoup((example_site / "index.html").read_text(), "lxml")
    banner = soup.select_one(".sk-banner")
    assert banner is not None and banner.get_text(strip=True) == "Partially Degraded Service"  # the breach is critical; its components are down to degraded
    titles = [a.get_text(strip=True) for a in soup.select("#sk-open ~ article h3 a")]
    assert "Payment card data stolen from checkout terminals in our stores" in titles
