"""The data split, in one place: PTB-XL's stratified folds (patients never cross folds)."""
TRAIN_FOLDS = (1, 2, 3, 4, 5, 6, 7, 8)
VALIDATION_FOLD = 9
TEST_FOLD = 10  # withheld: not in the shared data, evaluated independently


def split_of(fold: int) -> str:
    if fold in TRAIN_FOLDS:
        return "train"
    if fold == VALIDATION_FOLD:
        return "val"
    return "test"
