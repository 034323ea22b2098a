package com.example.hosts;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@link JdbcService}'s {@code items} table as a JPA entity, for its Hibernate endpoint. */
@Entity(name = "Item")
@Table(name = "items")
public class JpaItem {

    @Id
    private Integer id;
    private String name;

    public Integer getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
