package com.example.petclinic;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data JPA: the queries are derived from the method names, as PetClinic's are. */
public interface OwnerRepository extends JpaRepository<Owner, Integer> {

    List<Owner> findByLastNameStartingWith(String lastName);
}
