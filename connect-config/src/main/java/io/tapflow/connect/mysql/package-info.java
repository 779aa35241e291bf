/**
 * MySQL and MariaDB sources: {@link io.tapflow.connect.mysql.MySqlSourceCheck} checks that a server is
 * ready for Debezium and says which server it is ({@link io.tapflow.connect.mysql.MySqlServerInfo}).
 */
package io.tapflow.connect.mysql;
