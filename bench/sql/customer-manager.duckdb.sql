-- policies/customer-manager.kpl written by hand for DuckDB, as a data engineer would: scores in
-- DOUBLE (with the ε every float engine of the bench needs to round x.xx5 totals half-up, see
-- docs/bench.md), money in DECIMAL. `npm run bench -- --sql` runs it on the generated people and
-- checks its output byte for byte against `kpl eval`'s. {{input}}: the CSV file; {{output}}: the result.
COPY (
  WITH p AS (
    SELECT * FROM read_csv({{input}}, header = true, auto_detect = false, columns = {
      'id': 'VARCHAR', 'name': 'VARCHAR', 'unit': 'VARCHAR', 'sales_actual': 'DOUBLE', 'sales_target': 'DOUBLE',
      'growth_rate': 'DOUBLE', 'new_customers': 'INTEGER', 'retention_rate': 'DOUBLE', 'satisfaction': 'DOUBLE',
      'avg_resolution_hours': 'DOUBLE', 'complaints': 'INTEGER', 'callback_rate': 'DOUBLE', 'training_hours': 'DOUBLE',
      'collaboration': 'DOUBLE', 'awards': 'INTEGER', 'compliance_violation': 'BOOLEAN', 'base_bonus': 'DECIMAL(18,2)'
    })
  ),
  leaf AS (
    SELECT id, unit, compliance_violation, base_bonus, awards,
      least(CASE WHEN sales_target = 0 THEN 0 ELSE sales_actual / sales_target END * 100, 120) / 1.2 AS completion,
      CASE WHEN growth_rate < 0 THEN 0 WHEN growth_rate >= 0.1 THEN 100 ELSE 60 + 40 * growth_rate / 0.1 END AS growth,
      CASE WHEN new_customers >= 20 THEN 100 WHEN new_customers >= 15 THEN 85 WHEN new_customers >= 10 THEN 70 WHEN new_customers >= 5 THEN 50 ELSE 20 END AS new_customers,
      retention_rate * 100 AS retention,
      satisfaction / 5 * 100 AS satisfaction,
      CASE WHEN avg_resolution_hours < 4 THEN 100 WHEN avg_resolution_hours >= 24 THEN 0 ELSE 100 - 100 * (avg_resolution_hours - 4) / 20 END AS resolution,
      greatest(100 - 10 * complaints, 0) AS complaints,
      least(callback_rate / 0.9, 1) * 100 AS callback,
      least(training_hours / 40, 1) * 100 AS training,
      collaboration
    FROM p
  ),
  scored AS (
    SELECT *,
      round(least(
        0.5 * (0.5 * completion + 0.3 * growth + 0.2 * new_customers)
        + 0.35 * (0.5 * (0.4 * retention + 0.6 * satisfaction) + 0.5 * (0.4 * resolution + 0.3 * complaints + 0.3 * callback))
        + 0.15 * (0.5 * training + 0.5 * collaboration)
        + least(awards * 2, 5), 100) + 1e-11, 2) AS total
    FROM leaf
  ),
  graded AS (
    SELECT *,
      CASE WHEN compliance_violation THEN 'D' WHEN total >= 90 THEN 'A' WHEN total >= 80 THEN 'B' WHEN total >= 60 THEN 'C' ELSE 'D' END AS grade_before,
      count(*) OVER (PARTITION BY unit) AS headcount
    FROM scored
  ),
  ranked AS (
    SELECT *,
      CASE WHEN grade_before = 'A' THEN row_number() OVER (PARTITION BY unit, grade_before = 'A' ORDER BY total DESC, completion DESC, id ASC) END AS a_rank
    FROM graded
  )
  SELECT id,
    printf('%.2f', total) AS total,
    grade_before AS grade_before_distribution,
    CASE WHEN a_rank > least(greatest(floor(headcount * 0.2), 1), headcount) THEN 'B' ELSE grade_before END AS grade,
    round(base_bonus * CASE WHEN a_rank > least(greatest(floor(headcount * 0.2), 1), headcount) THEN 1.0
      ELSE CASE grade_before WHEN 'A' THEN 1.3 WHEN 'B' THEN 1.0 WHEN 'C' THEN 0.7 ELSE 0 END END, 2) AS reward
  FROM ranked
  ORDER BY id
) TO {{output}} (HEADER, DELIMITER ',');
