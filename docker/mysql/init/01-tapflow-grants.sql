-- Run once, when the MySQL container creates its data directory. The image has made the user 'tapflow'
-- (MYSQL_USER) with every privilege on ECommerceData; Debezium's MySQL connector also needs these, on
-- every database (README, "Data sources"; TapFlow's source check asks for them).
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'tapflow'@'%';
