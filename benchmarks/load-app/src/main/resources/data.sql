INSERT INTO owners SELECT x, 'Owner ' || x, 'City ' || MOD(x, 17) FROM SYSTEM_RANGE(1, 1000);
