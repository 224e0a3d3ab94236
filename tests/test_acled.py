"""Large sets arrive as CSV in ACLED's layout; they load as datasets with verified excerpts."""

from conftest import DATA
from kztimeline.model import load_dataset


def test_acled_csv_loads_places_categories_and_verified_notes():
    result = load_dataset(DATA / "acled-sample.csv")
    assert result.ok, result.problems
    data = result.dataset
    assert len(data.events) == 4 and set(data.places) == {"zhanaozen", "aktau", "almaty"}
    assert data.places["almaty"].lat == 43.252
    assert {c.label for c in data.categories.values()} == {"Protests", "Riots", "Strategic developments"}
    assert all(x.match is not None for e in data.events for x in e.excerpts)
    assert data.period.start.isoformat() == "2022-01-01" and data.period.end.isoformat() == "2022-01-31"


def test_acled_csv_with_wrong_columns_is_refused_with_a_message(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("date,place\n2022-01-01,Almaty\n", encoding="utf-8")
    result = load_dataset(path)
    assert result.dataset is None and "missing column(s): event_date" in str(result.problems[0])
