"""The demonstration: the whole year on the example Farsta 2022 (:mod:`~kfworkbook.demo.year`), with the
T1 follow-up answered with typical mistakes (:mod:`~kfworkbook.demo.follow_up`)."""
