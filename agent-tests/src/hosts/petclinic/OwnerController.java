package com.example.petclinic;

import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** PetClinic's owner pages, reduced to what their queries are. */
@RestController
public class OwnerController {

    private final OwnerRepository owners;

    public OwnerController(OwnerRepository owners) {
        this.owners = owners;
    }

    /** Three queries: the owner, its pets (lazily), and the count of all owners. */
    @GetMapping("/owners/{ownerId}")
    @Transactional(readOnly = true)
    public String showOwner(@PathVariable("ownerId") int ownerId) {
        Owner owner = owners.findById(ownerId).orElseThrow();
        String pets = owner.getPets().stream().map(Pet::getName).sorted().collect(Collectors.joining(","));
        return owner.getLastName() + ": " + pets + " (of " + owners.count() + " owners)";
    }

    /** A derived query with a parameter. */
    @GetMapping("/owners")
    public String findOwners(@RequestParam("lastName") String lastName) {
        return owners.findByLastNameStartingWith(lastName).stream().map(Owner::getLastName)
                .collect(Collectors.joining(","));
    }

    /** Reads the owner, then inserts the pet when the transaction commits. */
    @PostMapping("/owners/{ownerId}/pets")
    @Transactional
    public String addPet(@PathVariable("ownerId") int ownerId, @RequestParam("name") String name) {
        Owner owner = owners.findById(ownerId).orElseThrow();
        owner.getPets().add(new Pet(name, owner));
        owners.save(owner);
        return "added " + name;
    }
}
