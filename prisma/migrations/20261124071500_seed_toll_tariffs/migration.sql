-- Toll tariffs (toll-api): a three-plaza motorway PLZ-A — PLZ-B — PLZ-C.
-- Prices are the car price of a route times a per-class factor, in EUR minor
-- units. entry_plaza_id '*' is the flat price at an exit plaza when the
-- vehicle has no (or an unknown) entry. Documented in apps/toll-api/README.md.
-- ON CONFLICT keeps this re-runnable next to hand-edited prices.
INSERT INTO "toll_tariffs" ("vehicle_class", "entry_plaza_id", "exit_plaza_id", "amount_minor", "currency")
SELECT c.vehicle_class, r.entry_plaza_id, r.exit_plaza_id, r.car_amount_minor * c.factor_percent / 100, 'EUR'
FROM (VALUES
        ('PLZ-A', 'PLZ-B', 320),
        ('PLZ-B', 'PLZ-A', 320),
        ('PLZ-B', 'PLZ-C', 450),
        ('PLZ-C', 'PLZ-B', 450),
        ('PLZ-A', 'PLZ-C', 770),
        ('PLZ-C', 'PLZ-A', 770),
        ('*',     'PLZ-A', 250),
        ('*',     'PLZ-B', 250),
        ('*',     'PLZ-C', 250)
     ) AS r(entry_plaza_id, exit_plaza_id, car_amount_minor)
CROSS JOIN (VALUES
        ('motorcycle', 50),
        ('car',        100),
        ('van',        150),
        ('truck',      250)
     ) AS c(vehicle_class, factor_percent)
ON CONFLICT ("vehicle_class", "entry_plaza_id", "exit_plaza_id") DO NOTHING;
