from generator.slugs import slugify, unique_slugs


def test_slugs_fold_latin_and_keep_other_scripts():
    assert slugify("Ahmad Shah Massoud") == "ahmad-shah-massoud"
    assert slugify("Ḥāmid  Karzai!") == "hamid-karzai"
    assert slugify("al-Qaeda") == "al-qaeda"
    assert slugify("احمد مسعود") == "احمد-مسعود"
    assert slugify("???") == "entry"


def test_colliding_slugs_are_numbered_in_name_order():
    assert unique_slugs(["ISI", "Isi", "Kabul"]) == {"ISI": "isi", "Isi": "isi-2", "Kabul": "kabul"}
