"""ordered_in_processes: the same items in the same order, in this process or in workers."""

from docarchive.services.parallel import ordered_in_processes


def _squares(batch: list[int]) -> list[int]:
    return [n * n for n in batch]


def test_items_come_back_in_batch_order_whatever_the_number_of_processes():
    batches = [list(range(start, start + 7)) for start in range(0, 70, 7)]
    expected = [n * n for n in range(70)]
    for jobs in (1, 2, 3):
        assert list(ordered_in_processes(_squares, iter(batches), jobs=jobs)) == expected


def test_no_batches_yield_nothing():
    assert list(ordered_in_processes(_squares, iter([]), jobs=2)) == []
