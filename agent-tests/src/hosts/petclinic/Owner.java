package com.example.petclinic;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import java.util.ArrayList;
import java.util.List;

/** An owner and the pets they bring (loaded lazily, by a query of their own, as in PetClinic). */
@Entity
public class Owner {

    @Id
    @GeneratedValue
    private Integer id;

    private String lastName;

    @OneToMany(mappedBy = "owner", cascade = CascadeType.ALL, fetch = FetchType.LAZY)
    private List<Pet> pets = new ArrayList<>();

    protected Owner() {}

    public Owner(String lastName) {
        this.lastName = lastName;
    }

    public Integer getId() { return id; }
    public String getLastName() { return lastName; }
    public List<Pet> getPets() { return pets; }
}
